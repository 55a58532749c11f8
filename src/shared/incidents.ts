/**
 * The incident register (issue 18): an incident opened from an alert or by
 * hand, its scope (staff, clients, time window), the timeline built from the
 * audit log and the actions people took, the clients and kinds of data
 * affected, the notification drafts, and its closure. Pure data, shared by
 * main and the renderer.
 */

export const INCIDENT_STATUSES = ['open', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Kinds of a client's data an event touched. */
export const INCIDENT_DATA_KINDS = ['documents', 'credentials', 'client-fields', 'client-record'] as const;
export type IncidentDataKind = (typeof INCIDENT_DATA_KINDS)[number];

/** Which audit events belong to the incident: by whom, about which clients, when (ISO times, `to` exclusive). */
export interface IncidentScope {
  /** Empty: every staff member. */
  staffIds: string[];
  /** Empty: every client. */
  clientIds: string[];
  from: string;
  to: string;
}

/** Something a person did about the incident, written into its record. */
export interface IncidentAction {
  at: string;
  staffId: string;
  staffName: string;
  text: string;
}

export interface IncidentClosure {
  at: string;
  staffId: string;
  staffName: string;
  cause: string;
  lessons: string;
}

/** 'regulator', or 'client:<id>' for one affected client's notice. */
export type DraftTarget = 'regulator' | `client:${string}`;

export interface IncidentSummary {
  id: string;
  title: string;
  status: IncidentStatus;
  openedAt: string;
  openedByName: string;
  /** The alert it was opened from (its audit seq). */
  alert: number | null;
  closedAt: string | null;
}

/** One line of the timeline: an audit event in scope, or an action a person recorded. */
export type TimelineItem =
  | {
      kind: 'event';
      at: string;
      seq: number;
      action: string;
      outcome: string;
      staffName: string | null;
      clientName: string | null;
      documentName: string | null;
    }
  | { kind: 'action'; at: string; staffName: string; text: string };

export interface AffectedClient {
  clientId: string;
  clientName: string;
  kinds: IncidentDataKind[];
  /** Documents touched, counted by category (分类). */
  documentCategories: { category: string; count: number }[];
  /** The client's fields read or changed (field names as the record has them: phone, bankAccount …). */
  fields: string[];
  credentials: number;
  events: number;
}

export interface IncidentDraft {
  target: DraftTarget;
  /** Who it is addressed to (the client's name, or 监管部门). */
  addressee: string;
  text: string;
  /** The text was edited and saved (otherwise it is generated from the incident as it stands). */
  edited: boolean;
}

export interface IncidentDetail extends IncidentSummary {
  scope: IncidentScope;
  staffNames: string[];
  /** The firm's contact for those notified. */
  contact: string;
  actions: IncidentAction[];
  closure: IncidentClosure | null;
  timeline: TimelineItem[];
  affected: AffectedClient[];
  drafts: IncidentDraft[];
}
