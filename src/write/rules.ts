import type { z } from 'zod';
import { ACLED_TAXONOMY, type EventType } from '../domain.js';
import type { WritableResource } from '../schemas/writes.js';
import { checkCounts } from '../seed/format.js';
import type { Body } from './resources.js';

/** A rule a body breaks, naming the body field (`param`) as every 422 does. */
export interface FieldError {
  param: string;
  message: string;
}

/** What the rules need to know about another record: whether it exists, and as what. */
export interface Lookup {
  /** The record's body and status, or null when there is no such record (or it is retracted). */
  find(resource: WritableResource, id: number): { status: 'draft' | 'published'; body: Body } | null;
  /** Whether a published or draft claim cites the article. */
  articleCited(articleId: number): boolean;
  /** Whether a published or draft article other than `id` has this file name. */
  fileNameTaken(fileName: string, id: number | null): boolean;
}

/**
 * Where the quote is in the article's NFC text: at the given offsets, or the
 * one place it occurs once narrowed by its prefix and suffix. Errors name
 * `quote` (or the offset field) and list the offsets where it occurs.
 */
export function anchorQuote(text: string, body: Body): { start: number; end: number } | FieldError {
  const quote = String(body.quote).normalize('NFC');
  const occurrences: number[] = [];
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) occurrences.push(at);
  const listed = occurrences.map((at) => `[${at}, ${at + quote.length})`).join(', ');
  if (body.quote_start !== undefined || body.quote_end !== undefined) {
    const start = (body.quote_start as number | undefined) ?? (body.quote_end as number) - quote.length;
    const end = (body.quote_end as number | undefined) ?? start + quote.length;
    if (text.slice(start, end) === quote) return { start, end };
    return {
      param: 'quote',
      message: `does not equal the article text at [${start}, ${end})${occurrences.length ? `; it occurs at ${listed}` : '; it does not occur in the article'}`,
    };
  }
  const prefix = (body.quote_prefix as string | undefined)?.normalize('NFC');
  const suffix = (body.quote_suffix as string | undefined)?.normalize('NFC');
  const fits = occurrences.filter(
    (at) =>
      (prefix === undefined || text.slice(Math.max(0, at - prefix.length), at) === prefix) &&
      (suffix === undefined || text.slice(at + quote.length, at + quote.length + suffix.length) === suffix),
  );
  if (occurrences.length === 0) return { param: 'quote', message: 'does not occur in the article text (NFC)' };
  if (fits.length === 1) return { start: fits[0] as number, end: (fits[0] as number) + quote.length };
  if (fits.length === 0) return { param: 'quote', message: `occurs at ${listed}, but none with the given quote_prefix/quote_suffix` };
  const narrowed = fits.map((at) => `[${at}, ${at + quote.length})`).join(', ');
  return {
    param: 'quote',
    message: `is ambiguous: it occurs ${fits.length} times, at ${narrowed}; give quote_start/quote_end or quote_prefix/quote_suffix`,
  };
}

function counts(body: Body, errors: FieldError[]): void {
  checkCounts(body as Parameters<typeof checkCounts>[0], {
    addIssue: (issue: z.core.$ZodRawIssue | string) => {
      const message = typeof issue === 'string' ? issue : (issue.message ?? 'is invalid');
      const param = /vague_text/.test(message)
        ? 'vague_text'
        : /count_high|upper bound|count_low < count_high/.test(message)
          ? 'count_high'
          : 'count_low';
      errors.push({ param, message });
    },
  });
}

/** The parent chain from `parentId` up reaches `id`: the new parent would make a loop. */
function makesCycle(lookup: Lookup, resource: 'actors' | 'locations', id: number | null, parentId: number): boolean {
  const seen = new Set<number>();
  for (let at: number | null = parentId; at !== null; ) {
    if (at === id || seen.has(at)) return true;
    seen.add(at);
    at = (lookup.find(resource, at)?.body.parent_id as number | null | undefined) ?? null;
  }
  return false;
}

/**
 * Every rule the seed applies, for one record about to be written: references
 * resolve, the ACLED type/sub-type pair, date order, counts, the quote at its
 * offsets, a casualty figure on an event its own claim supports, no cycles in
 * the actor and place trees, an article's text fixed once cited. `body` is
 * completed (claim offsets) in place.
 */
export function checkRecord(lookup: Lookup, resource: WritableResource, id: number | null, body: Body, before: Body | null): FieldError[] {
  const errors: FieldError[] = [];
  const need = (field: string, target: WritableResource) => {
    const value = body[field];
    if (value === null || value === undefined) return null;
    const found = lookup.find(target, value as number);
    if (!found) errors.push({ param: field, message: `no ${target.replace(/s$/, '').replace('-', ' ')} with id ${value}` });
    return found;
  };
  const dates = (from: string, to: string) => {
    if (body[from] && body[to] && String(body[from]) > String(body[to])) errors.push({ param: to, message: `is before ${from}` });
  };
  switch (resource) {
    case 'articles': {
      body.text = String(body.text).normalize('NFC');
      need('publisher_actor_id', 'actors');
      dates('published_start', 'published_end');
      if (lookup.fileNameTaken(String(body.file_name), id))
        errors.push({ param: 'file_name', message: 'is the file name of another article' });
      if (before && id !== null && before.text !== body.text && lookup.articleCited(id)) {
        errors.push({ param: 'text', message: 'is fixed: claims cite this article at offsets in its text' });
      }
      break;
    }
    case 'claims': {
      const article = need('article_id', 'articles');
      need('claimant_id', 'actors');
      (body.event_ids as number[]).forEach((eventId, i) => {
        if (!lookup.find('events', eventId)) errors.push({ param: `event_ids.${i}`, message: `no event with id ${eventId}` });
      });
      if (article) {
        body.quote = String(body.quote).normalize('NFC');
        const anchored = anchorQuote(String(article.body.text), body);
        if ('param' in anchored) errors.push(anchored);
        else {
          body.quote_start = anchored.start;
          body.quote_end = anchored.end;
        }
      }
      delete body.quote_prefix;
      delete body.quote_suffix;
      break;
    }
    case 'events': {
      const allowed = ACLED_TAXONOMY[body.event_type as EventType] as readonly string[] | undefined;
      if (allowed && !allowed.includes(String(body.sub_event_type))) {
        errors.push({ param: 'sub_event_type', message: `'${body.sub_event_type}' is not a sub-event type of '${body.event_type}'` });
      }
      dates('date_start', 'date_end');
      need('location_id', 'locations');
      (body.actors as { actor_id: number }[]).forEach((a, i) => {
        if (!lookup.find('actors', a.actor_id)) errors.push({ param: `actors.${i}.actor_id`, message: `no actor with id ${a.actor_id}` });
      });
      break;
    }
    case 'casualty-reports': {
      const claim = need('claim_id', 'claims');
      need('event_id', 'events');
      need('victim_actor_id', 'actors');
      if (claim && !(claim.body.event_ids as number[]).includes(body.event_id as number)) {
        errors.push({ param: 'event_id', message: `is not an event claim ${body.claim_id} supports (its event_ids)` });
      }
      if (body.victim_actor_id === null && body.victim_group === null) {
        errors.push({ param: 'victim_group', message: 'a casualty report names a victim_actor_id, a victim_group or both' });
      }
      if (body.count_low !== null && !Number.isInteger(body.count_low)) errors.push({ param: 'count_low', message: 'is a whole number' });
      const subset = need('subset_of_id', 'casualty-reports');
      if (subset && subset.body.claim_id !== body.claim_id)
        errors.push({ param: 'subset_of_id', message: 'is a report of the same claim' });
      counts(body, errors);
      break;
    }
    case 'figures': {
      need('claim_id', 'claims');
      need('victim_actor_id', 'actors');
      need('place_id', 'locations');
      dates('period_start', 'period_end');
      counts(body, errors);
      break;
    }
    case 'actors':
    case 'locations': {
      if (need('parent_id', resource) && makesCycle(lookup, resource, id, body.parent_id as number)) {
        errors.push({ param: 'parent_id', message: `would make the ${resource.replace(/s$/, '')} its own ancestor` });
      }
      if (resource === 'locations') {
        const none = body.coord_source === 'none';
        if (none !== (body.lat === null) || (body.lat === null) !== (body.lon === null)) {
          errors.push({ param: 'lat', message: "lat and lon are given exactly when coord_source is not 'none'" });
        }
        if (none !== (body.geo_precision === null)) {
          errors.push({ param: 'geo_precision', message: "is null exactly when coord_source is 'none'" });
        }
        if (body.coord_source === 'gazetteer' && body.geonames_id === null) {
          errors.push({ param: 'geonames_id', message: 'gazetteer coordinates need their GeoNames id' });
        }
      }
      break;
    }
  }
  return errors;
}

/** A record that references drafts cannot be published before them: the fields that name one. */
export function unpublishedReferences(lookup: Lookup, resource: WritableResource, body: Body): FieldError[] {
  const refs: [string, WritableResource, unknown][] = [];
  const add = (field: string, target: WritableResource) => refs.push([field, target, body[field]]);
  if (resource === 'articles') add('publisher_actor_id', 'actors');
  if (resource === 'claims') {
    add('article_id', 'articles');
    add('claimant_id', 'actors');
    refs.push(...(body.event_ids as number[]).map((e, i): [string, WritableResource, unknown] => [`event_ids.${i}`, 'events', e]));
  }
  if (resource === 'events') {
    add('location_id', 'locations');
    refs.push(
      ...(body.actors as { actor_id: number }[]).map((a, i): [string, WritableResource, unknown] => [
        `actors.${i}.actor_id`,
        'actors',
        a.actor_id,
      ]),
    );
  }
  if (resource === 'casualty-reports') {
    add('claim_id', 'claims');
    add('event_id', 'events');
    add('victim_actor_id', 'actors');
    add('subset_of_id', 'casualty-reports');
  }
  if (resource === 'figures') {
    add('claim_id', 'claims');
    add('victim_actor_id', 'actors');
    add('place_id', 'locations');
  }
  if (resource === 'actors' || resource === 'locations') add('parent_id', resource);
  return refs
    .filter(([, target, value]) => value !== null && value !== undefined && lookup.find(target, value as number)?.status !== 'published')
    .map(([param, target, value]) => ({ param, message: `${target} ${value} is not published yet; publish it first` }));
}
