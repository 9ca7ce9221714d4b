// Event-bus addresses, as in recorder/.../bus/Addresses.java and console/.../ConsoleAddresses.java.
export const PERMISSIONS_REQUESTED = 'blackbox.permissions.requested';
export const PERMISSIONS_RESOLVED = 'blackbox.permissions.resolved';
export const PERMISSIONS_CANCELLED = 'blackbox.permissions.cancelled';
export const PERMISSIONS_PENDING = 'blackbox.permissions.pending';
export const SESSIONS_LIST = 'blackbox.sessions.list';
export const STATE_CHANGED = 'blackbox.state.changed';
export const HISTORY = 'blackbox.console.history';
export const WHOAMI = 'blackbox.console.whoami';

export const decide = (sessionId) => `blackbox.session.${sessionId}.decide`;
export const send = (sessionId) => `blackbox.session.${sessionId}.send`;
export const interrupt = (sessionId) => `blackbox.session.${sessionId}.interrupt`;
export const frames = (sessionId) => `blackbox.session.${sessionId}.frames`;
