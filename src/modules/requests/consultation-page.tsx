import { CsrfField, ErrorSummary, Layout, TextareaField, type PageContext } from '../../platform/http/page.js';
import { categoryLabel, statusKey } from './labels.js';
import { LIMITS } from './rules.js';
import { Fact } from './thread.js';
import type { ConsultationPage as Consultation } from './consultations.js';
import type { FormState } from './public-pages.js';

/**
 * A question another team asked about one of its requests, as the team asked sees
 * it: the question, the request's category, team and subject (not a report's), and the answer form.
 */
export function ConsultationPage(props: { ctx: PageContext; consultation: Consultation } & FormState) {
  const { ctx, consultation: c, errors } = props;
  const { t, locale } = ctx.i18n;
  const title = t('requests.consultation.title', { team: c.request.teamName[locale] });
  return (
    <Layout ctx={ctx} title={title}>
      <hgroup>
        <h1>{title}</h1>
        <p>{t(`requests.consultation.status.${c.status}`)}</p>
      </hgroup>
      <article>
        <header>{t('requests.consultation.askedBy', { name: c.askedBy ?? '—', date: ctx.i18n.date(c.askedAt) })}</header>
        <p class="pre-line">{c.question}</p>
      </article>
      <section aria-labelledby="about-title">
        <h2 id="about-title">{t('requests.consultation.about')}</h2>
        <dl>
          <Fact label={t('requests.fact.category')}>{categoryLabel(locale, c.request.category)}</Fact>
          <Fact label={t('requests.fact.team')}>{c.request.teamName[locale]}</Fact>
          <Fact label={t('requests.col.subject')}>{c.request.subject ?? t('requests.consultation.hiddenSubject')}</Fact>
          <Fact label={t('requests.fact.status')}>{t(statusKey(c.request.status))}</Fact>
        </dl>
      </section>
      {c.answer ? (
        <article>
          <header>{t('requests.consultation.answered', { name: c.answeredBy ?? '—', date: ctx.i18n.date(c.answeredAt) })}</header>
          <p class="pre-line">{c.answer}</p>
        </article>
      ) : null}
      {c.canAnswer ? (
        <section aria-labelledby="answer-title">
          <h2 id="answer-title">{t('requests.consultation.answer')}</h2>
          <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
          <form method="post" action={`/requests/consultations/${c.id}/answer`} novalidate>
            <CsrfField ctx={ctx} />
            <TextareaField
              name="answer"
              label={t('requests.consultation.answer')}
              hint={t('requests.consultation.answerHint')}
              value={props.values.answer}
              errors={errors}
              required
              maxLength={LIMITS.reply}
              rows={5}
            />
            <button type="submit">{t('requests.consultation.submit')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
