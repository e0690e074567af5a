import type { App } from '../../platform/http/types.js';
import { UPLOAD_BODY_LIMIT } from '../../platform/http/hooks.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { PeopleUses } from './uses.js';
import { CsrfField, ErrorSummary, Layout, sendHtml, type PageContext } from '../../platform/http/page.js';
import { AppError } from '../../platform/errors.js';
import { formFields } from '../../platform/http/forms.js';
import { SpooledBody } from '../../platform/http/uploads.js';
import type { ImportSummary } from './service.js';

/** Importing people from CSV (ours, Paheko's or Galette's export), a file or pasted text, with a dry run. */
function ImportPage(props: { ctx: PageContext; csv: string; summary?: ImportSummary; mailConfigured: boolean; invite?: boolean; refusal?: string }) {
  const { ctx, summary } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('people.import.title')}>
      <h1>{t('people.import.title')}</h1>
      <p>{t('people.import.intro')}</p>
      <ErrorSummary ctx={ctx} errors={[]} message={props.refusal} />
      {summary ? (
        <article role="status" aria-live="polite">
          <p>
            <strong>
              {t(summary.dryRun ? 'people.import.summaryDry' : 'people.import.summary', {
                imported: summary.imported,
                skipped: summary.skipped,
                errors: summary.errors.length,
              })}
            </strong>
          </p>
          {summary.invitations ? (
            <p>
              {t(summary.dryRun ? 'people.import.invitationsDry' : 'people.import.invitations', {
                sent: summary.invitations.sent,
                withoutEmail: summary.invitations.withoutEmail,
                alreadySignedUp: summary.invitations.alreadySignedUp,
              })}
            </p>
          ) : null}
          <ul>
            {summary.errors.map((e) => (
              <li>
                {t('people.import.line', { line: e.line })} — {e.path.replace(/^\//, '')} : {e.message}
              </li>
            ))}
            {summary.duplicates.map((d) => (
              <li>{t('people.import.duplicate', { line: d.line, first: d.firstLine })}</li>
            ))}
          </ul>
          {summary.ignoredColumns.length > 0 ? <p class="muted">{t('people.import.ignoredColumns', { columns: summary.ignoredColumns.join(', ') })}</p> : null}
        </article>
      ) : null}
      <form method="post" action="/people/import" enctype="multipart/form-data">
        <CsrfField ctx={ctx} />
        <label for="field-file">
          {t('people.import.file')}
          <input id="field-file" type="file" name="file" accept=".csv,text/csv,text/plain" aria-describedby="field-file-hint" />
          <small id="field-file-hint">{t('people.import.fileHint')}</small>
        </label>
        <label for="field-csv">
          {t('people.import.csv')}
          <textarea id="field-csv" name="csv" rows={8}>
            {props.csv}
          </textarea>
        </label>
        <label for="field-dryRun">
          <input id="field-dryRun" type="checkbox" name="dryRun" />
          {t('people.import.dryRun')}
        </label>
        <label for="field-invite">
          <input id="field-invite" type="checkbox" name="invite" value="yes" checked={props.invite === true} aria-describedby="field-invite-hint" />
          {t('people.import.invite')}
        </label>
        {/* Unticked by default: an import is often history (former members, old contacts) that expects no mail. */}
        <small id="field-invite-hint">{t(props.mailConfigured ? 'people.import.inviteHint' : 'people.import.inviteNoMail')}</small>
        <button type="submit">{t('people.import.submit')}</button>
      </form>
    </Layout>
  );
}

export function importPages(app: App, deps: PageDeps<PeopleUses>): void {
  const { services, pageContext } = deps;

  const mailConfigured = services.people.invitationsMailed;

  app.get('/people/import', { config: { policy: 'people.import', page: true } }, async (request, reply) =>
    sendHtml(reply, <ImportPage ctx={await pageContext(request)} csv="" mailConfigured={mailConfigured} />),
  );

  app.post(
    '/people/import',
    { config: { policy: 'people.import', page: true, upload: true, spool: true }, bodyLimit: UPLOAD_BODY_LIMIT },
    async (request, reply) => {
      const values = formFields(request.body);
      const body = request.body;
      const file = typeof body === 'object' && body !== null && 'file' in body ? body.file : undefined;
      // A chosen file wins over pasted text, read from its spooled copy as the import goes; an empty
      // file input arrives as an empty file.
      const text = file instanceof SpooledBody && file.size > 0 ? file.read() : (values.csv ?? '');
      const invite = values.invite === 'yes';
      try {
        const summary = await services.people.importCsv(request.actor, text, { dryRun: values.dryRun === 'on', invite });
        return sendHtml(
          reply,
          <ImportPage
            ctx={await pageContext(request)}
            csv={summary.errors.length > 0 || summary.dryRun ? (values.csv ?? '') : ''}
            summary={summary}
            mailConfigured={mailConfigured}
            invite={invite && summary.dryRun}
          />,
        );
      } catch (e) {
        // Invitations without a mail server: refused, nothing imported, said plainly; the text stays.
        if (!(e instanceof AppError) || e.code !== 'mail_not_configured') throw e;
        const ctx = await pageContext(request);
        return sendHtml(
          reply,
          <ImportPage ctx={ctx} csv={values.csv ?? ''} mailConfigured={mailConfigured} invite={invite} refusal={ctx.i18n.t('people.import.inviteRefused')} />,
          e.status,
        );
      }
    },
  );
}
