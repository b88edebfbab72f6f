import { createHash } from 'node:crypto';
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { type DatabaseConnection, sqliteOf } from '../db/client.js';
import { followChange } from '../db/read-model.js';
import { casualtyReports, changes, claimEvents, figures, idempotency, records } from '../db/schema.js';
import { HttpProblem, problemOf } from '../http/problem.js';
import type { HistoryEntry, WritableResource, WrittenRecord } from '../schemas/writes.js';
import { publishedLookup } from './admit.js';
import type { Caller } from './keys.js';
import { mergePatch } from './merge-patch.js';
import { forbidden, namesVersion, noRecord, parseBody, recordTag, refuseDeepNesting, unprocessable } from './refusals.js';
import { allocateId, type Body, loadPublished, removePublished, tableName, writePublished } from './resources.js';
import { checkRecord, type Lookup, unpublishedReferences } from './rules.js';

type Status = 'draft' | 'published' | 'retracted';
interface State {
  status: Status;
  body: Body;
  author: string;
  version: number;
  reason: string | null;
}

const MAY_EDIT_ANYONES = new Set(['editor', 'admin']);
/**
 * The one write path: every record the API creates, edits, publishes or
 * retracts goes through here, inside one `BEGIN IMMEDIATE` transaction on the
 * writer connection together with its history entry (and idempotency record).
 */
export class WriteService {
  constructor(private readonly writer: DatabaseConnection) {}

  private get db() {
    return this.writer.db;
  }

  /** Whether a draft of `resource` other than `except` has `value` in its body's `field`. */
  private draftHas(resource: WritableResource, field: string, value: string | number, except: number | null): boolean {
    return (
      this.db
        .select({ id: records.id })
        .from(records)
        .where(
          and(
            eq(records.resource, resource),
            eq(records.status, 'draft'),
            except === null ? undefined : ne(records.id, except),
            sql`json_extract(${records.body}, ${`$.${field}`}) = ${value}`,
          ),
        )
        .limit(1)
        .get() !== undefined
    );
  }

  /** The rules' view for API writes: the published tables (as the seed loader sees them) and the drafts. */
  private lookup(): Lookup {
    const published = publishedLookup(this.db);
    return {
      find: (resource, id) => {
        const state = this.state(resource, id);
        return state && state.status !== 'retracted' ? { status: state.status, body: state.body } : null;
      },
      articleCited: (articleId) => published.articleCited(articleId) || this.draftHas('claims', 'article_id', articleId, null),
      fileNameTaken: (fileName, id) => published.fileNameTaken(fileName, id) || this.draftHas('articles', 'file_name', fileName, id),
    };
  }

  private latest(resource: WritableResource, id: number) {
    return this.db
      .select({ version: changes.version, by: changes.by })
      .from(changes)
      .where(and(eq(changes.resource, resource), eq(changes.record_id, id)))
      .orderBy(desc(changes.version))
      .limit(1)
      .get();
  }

  private author(resource: WritableResource, id: number): string {
    return (
      this.db
        .select({ by: changes.by })
        .from(changes)
        .where(and(eq(changes.resource, resource), eq(changes.record_id, id)))
        .orderBy(asc(changes.version))
        .limit(1)
        .get()?.by ?? 'seed'
    );
  }

  /** A record as it stands: a draft or retraction (records table) or a published row; null when there is none. */
  state(resource: WritableResource, id: number): State | null {
    const held = this.db
      .select()
      .from(records)
      .where(and(eq(records.resource, resource), eq(records.id, id)))
      .get();
    const version = this.latest(resource, id)?.version ?? 1;
    if (held) return { status: held.status, body: JSON.parse(held.body) as Body, author: held.author, version, reason: held.reason };
    const body = loadPublished(this.db, resource, id);
    return body ? { status: 'published', body, author: this.author(resource, id), version, reason: null } : null;
  }

  private record(resource: WritableResource, id: number, state: State): WrittenRecord {
    return { resource, id, status: state.status, version: state.version, reason: state.reason, record: state.body };
  }

  /** Appends a version to the record's history; the first API write to a seeded record first records the seed's version as 1. */
  private log(caller: string, resource: WritableResource, id: number, action: HistoryEntry['action'], state: State, publicChange: boolean) {
    let version = this.latest(resource, id)?.version;
    const at = new Date().toISOString();
    if (version === undefined && action !== 'created') {
      const seeded = loadPublished(this.db, resource, id);
      this.db
        .insert(changes)
        .values({
          at,
          by: 'seed',
          resource,
          record_id: id,
          version: 1,
          action: 'created',
          reason: null,
          record: JSON.stringify({ ...seeded, status: 'published' }),
          public: 0,
        })
        .run();
      version = 1;
    }
    state.version = (version ?? 0) + 1;
    this.db
      .insert(changes)
      .values({
        at,
        by: caller,
        resource,
        record_id: id,
        version: state.version,
        action,
        reason: state.reason,
        record: JSON.stringify({ ...state.body, status: state.status }),
        public: publicChange ? 1 : 0,
      })
      .run();
  }

  /** Changes published data and brings the read model (src/db/read-model.ts) along, in the same transaction. */
  private following(resource: WritableResource, id: number, change: () => void): void {
    followChange(this.db, tableName(resource), id, change);
  }

  private transaction<T>(fn: () => T): T {
    return sqliteOf(this.db).transaction(fn).immediate();
  }

  /** POST /{resource}: a new draft; with an Idempotency-Key, a retry with the same body gets the first answer again. */
  create(caller: Caller, resource: WritableResource, input: unknown, idempotencyKey?: string): { status: number; record: WrittenRecord } {
    refuseDeepNesting(input);
    const requestHash = createHash('sha256')
      .update(`${resource}\n${JSON.stringify(input)}`)
      .digest('hex');
    return this.transaction(() => {
      if (idempotencyKey !== undefined) {
        const earlier = this.db
          .select()
          .from(idempotency)
          .where(and(eq(idempotency.key_name, caller.name), eq(idempotency.idempotency_key, idempotencyKey)))
          .get();
        if (earlier) {
          if (earlier.request_hash !== requestHash) {
            throw new HttpProblem(
              problemOf('conflict', 'This Idempotency-Key was used with another request', {
                errors: [{ param: 'Idempotency-Key', message: 'was used before with a different body or resource' }],
              }),
            );
          }
          return { status: earlier.status, record: JSON.parse(earlier.response) as WrittenRecord };
        }
      }
      const body = parseBody(resource, input);
      const errors = checkRecord(this.lookup(), resource, null, body, null);
      if (errors.length > 0) throw unprocessable(errors);
      const id = allocateId(sqliteOf(this.db), resource);
      const state: State = { status: 'draft', body, author: caller.name, version: 1, reason: null };
      this.db
        .insert(records)
        .values({ resource, id, status: 'draft', author: caller.name, body: JSON.stringify(body) })
        .run();
      this.log(caller.name, resource, id, 'created', state, false);
      const record = this.record(resource, id, state);
      if (idempotencyKey !== undefined) {
        this.db
          .insert(idempotency)
          .values({
            key_name: caller.name,
            idempotency_key: idempotencyKey,
            request_hash: requestHash,
            status: 201,
            response: JSON.stringify(record),
          })
          .run();
      }
      return { status: 201, record };
    });
  }

  /** PATCH: a JSON merge patch (RFC 7396) on the current version, which `ifMatch` must name. */
  update(caller: Caller, resource: WritableResource, id: number, patch: unknown, ifMatch: string | undefined): WrittenRecord {
    refuseDeepNesting(patch);
    return this.transaction(() => {
      const state = this.current(resource, id);
      if (!ifMatch) {
        throw new HttpProblem(
          problemOf('precondition-required', `PATCH needs If-Match: ${recordTag(resource, id, state.version)} (the record's ETag)`, {
            errors: [{ param: 'If-Match', message: 'is required' }],
          }),
        );
      }
      if (!ifMatch.split(',').some((entry) => namesVersion(entry, resource, id, state.version))) {
        throw new HttpProblem(
          problemOf('precondition-failed', `The record has changed: its current ETag is ${recordTag(resource, id, state.version)}`, {
            errors: [{ param: 'If-Match', message: 'names an older version' }],
          }),
        );
      }
      this.mayChange(caller, state, resource, id);
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
        throw unprocessable([{ param: 'body', message: 'a merge patch is a JSON object' }]);
      }
      const merged = mergePatch(state.body, patch as Body);
      // A new quote (or new anchors) is found again in the article, unless the patch pins its offsets itself.
      const reanchor = ['quote', 'quote_prefix', 'quote_suffix'].some((k) => k in (patch as Body));
      if (resource === 'claims' && reanchor && !('quote_start' in (patch as Body)) && !('quote_end' in (patch as Body))) {
        delete merged.quote_start;
        delete merged.quote_end;
      }
      const body = parseBody(resource, merged);
      const errors = checkRecord(this.lookup(), resource, id, body, state.body);
      if (errors.length > 0) throw unprocessable(errors);
      if (state.status === 'published') {
        const pending = unpublishedReferences(this.lookup(), resource, body);
        if (pending.length > 0) throw unprocessable(pending);
        this.following(resource, id, () => writePublished(sqliteOf(this.db), resource, id, body, false));
      } else {
        this.db
          .update(records)
          .set({ body: JSON.stringify(body) })
          .where(and(eq(records.resource, resource), eq(records.id, id)))
          .run();
      }
      const next: State = { ...state, body, reason: null };
      this.log(caller.name, resource, id, 'updated', next, state.status === 'published');
      return this.record(resource, id, next);
    });
  }

  /** POST /{resource}/{id}/publish: an editor other than the author moves a draft into its table. */
  publish(caller: Caller, resource: WritableResource, id: number): WrittenRecord {
    return this.transaction(() => {
      const state = this.current(resource, id);
      if (!MAY_EDIT_ANYONES.has(caller.role)) throw forbidden(`A ${caller.role} key may not publish; an editor does`);
      if (state.status === 'published') {
        throw new HttpProblem(problemOf('conflict', `${resource} ${id} is published already`));
      }
      if (state.author === caller.name) throw forbidden('An editor other than its author publishes a record');
      const errors = [
        ...checkRecord(this.lookup(), resource, id, state.body, state.body),
        ...unpublishedReferences(this.lookup(), resource, state.body),
      ];
      if (errors.length > 0) throw unprocessable(errors);
      this.following(resource, id, () => writePublished(sqliteOf(this.db), resource, id, state.body, true));
      this.db
        .delete(records)
        .where(and(eq(records.resource, resource), eq(records.id, id)))
        .run();
      const next: State = { ...state, status: 'published', reason: null };
      this.log(caller.name, resource, id, 'published', next, true);
      return this.record(resource, id, next);
    });
  }

  /** DELETE /{resource}/{id}?reason=: kept, with its reason, out of every public read. */
  retract(caller: Caller, resource: WritableResource, id: number, reason: string): WrittenRecord {
    return this.transaction(() => {
      const state = this.current(resource, id);
      this.mayChange(caller, state, resource, id);
      const sqlite = sqliteOf(this.db);
      if (state.status === 'published') {
        const blocking = this.dependents(resource, id);
        if (blocking) {
          throw new HttpProblem(
            problemOf('conflict', `${resource} ${id} cannot be retracted while ${blocking} refer to it; retract them first`),
          );
        }
        try {
          this.following(resource, id, () => removePublished(sqlite, resource, id));
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error;
          throw new HttpProblem(problemOf('conflict', `${resource} ${id} cannot be retracted while other records refer to it`));
        }
        this.db
          .insert(records)
          .values({ resource, id, status: 'retracted', author: state.author, body: JSON.stringify(state.body), reason })
          .run();
      } else {
        this.db
          .update(records)
          .set({ status: 'retracted', reason })
          .where(and(eq(records.resource, resource), eq(records.id, id)))
          .run();
      }
      const next: State = { ...state, status: 'retracted', reason };
      this.log(caller.name, resource, id, 'retracted', next, state.status === 'published');
      return this.record(resource, id, next);
    });
  }

  /** Published records that would silently lose their link (ON DELETE CASCADE) if this one went. */
  private dependents(resource: WritableResource, id: number): string | null {
    const any = (query: { get(): unknown }, what: string) => (query.get() !== undefined ? what : null);
    if (resource === 'events') {
      return any(this.db.select({ x: claimEvents.claim_id }).from(claimEvents).where(eq(claimEvents.event_id, id)).limit(1), 'claims');
    }
    if (resource === 'claims') {
      return (
        any(
          this.db.select({ x: casualtyReports.id }).from(casualtyReports).where(eq(casualtyReports.claim_id, id)).limit(1),
          'casualty reports',
        ) ?? any(this.db.select({ x: figures.id }).from(figures).where(eq(figures.claim_id, id)).limit(1), 'figures')
      );
    }
    return null;
  }

  private current(resource: WritableResource, id: number): State {
    const state = this.state(resource, id);
    if (!state) throw noRecord(resource, id);
    if (state.status === 'retracted') {
      throw new HttpProblem(problemOf('gone', `${resource} ${id} was retracted: ${state.reason ?? ''}`));
    }
    return state;
  }

  /** A coder changes only its own drafts; editors and admins change anyone's. */
  private mayChange(caller: Caller, state: State, resource: WritableResource, id: number): void {
    if (MAY_EDIT_ANYONES.has(caller.role)) return;
    if (state.status !== 'draft' || state.author !== caller.name) {
      throw forbidden(
        `A coder changes only its own drafts; ${resource} ${id} is ${state.status === 'draft' ? "another coder's draft" : 'published'}`,
      );
    }
  }
}
