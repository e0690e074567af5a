/*
 * What happens to an application that the modules above react to, in the application's own
 * transaction: the sessions module puts a submitted application on an agenda and takes a
 * withdrawn one off it (its module definition's subscriptions).
 */
declare module '../../platform/events.js' {
  interface DomainEvents {
    /** Someone applied for membership: the application waits for a session to examine it. */
    'applications.submitted': { applicationId: string; personId: string };
    /** An application was withdrawn before the decision; `sessionId`: the session whose agenda it was on. */
    'applications.withdrawn': { applicationId: string; sessionId: string | null };
  }
}

export {};
