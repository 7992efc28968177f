/** String keys shared by the listeners, the renderers and the manifest. */

/** The slash command (bot/manifest.json). */
export const SLASH_COMMAND = '/oss';
/** `action_id` of the confirming button of a plan. */
export const CONFIRM_ACTION = 'oss_confirm';
/** `action_id` of the cancel button of a plan. */
export const CANCEL_ACTION = 'oss_cancel';
/** HTTP path of Slack's requests in HTTP mode. */
export const EVENTS_PATH = '/slack/events';
/** Liveness route for load balancers in HTTP mode. */
export const HEALTH_PATH = '/healthz';
/** Prefix of the audit actor (`AuditEntry.actor`). */
export const ACTOR_PREFIX = 'slack:';
