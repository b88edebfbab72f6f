import type { ACTOR_KINDS, LOCATION_KINDS } from '../domain.js';
import { groupName, type Named, placeName, sourceName, unitName, WordMaker } from './names.js';
import { type Random, Weighted, zipf } from './random.js';

/**
 * The synthetic world the events happen in: an actor hierarchy and a place
 * tree, built in memory before anything is written, with the popularity each
 * entity has in the events (Zipf-like: a few actors and places take most of
 * the events, most are rare).
 */

export interface WorldActor extends Named {
  index: number;
  key: string;
  kind: (typeof ACTOR_KINDS)[number];
  parent: number | null;
  /** The governorate (index into World.governorates) where the actor mostly fights. */
  home: number;
  /** Set when written: the row id. */
  id: number;
}

export interface WorldLocation extends Named {
  index: number;
  key: string;
  kind: (typeof LOCATION_KINDS)[number];
  parent: number | null;
  level: number;
  /** Index into World.governorates; -1 for the country. */
  governorate: number;
  lat: number | null;
  lon: number | null;
  coord_source: 'gazetteer' | 'parent' | 'none';
  geo_precision: 1 | 2 | 3 | null;
  geonames_id: number | null;
  id: number;
}

export interface World {
  actors: WorldActor[];
  /** Armed actors, the ones events are about. */
  fighters: WorldActor[];
  /** Outlets, monitors and civil bodies that make claims. */
  sources: WorldActor[];
  locations: WorldLocation[];
  governorates: WorldLocation[];
  /** Villages, towns, cities and sites: where events happen. */
  communities: WorldLocation[];
  fighterPopularity: Weighted<WorldActor>;
  sourcePopularity: Weighted<WorldActor>;
  placePopularity: Weighted<WorldLocation>;
  placePopularityIn: Weighted<WorldLocation>[];
}

export interface WorldSize {
  actors: number;
  locations: number;
}

const ROOT_KINDS = Weighted.of<WorldActor['kind']>([
  ['state', 2],
  ['rebel_group', 8],
  ['political_militia', 4],
  ['identity_militia', 3],
  ['external_force', 3],
  ['international_coalition', 1],
  ['armed_group', 5],
  ['unidentified_armed_group', 1],
]);

const COMMUNITY_KINDS = Weighted.of<WorldLocation['kind']>([
  ['village', 70],
  ['town', 16],
  ['city', 3],
  ['neighbourhood', 5],
  ['site', 3],
  ['camp', 1],
  ['crossing', 1],
  ['road', 1],
]);

/** Syria's bounding box, where the invented places get their invented coordinates. */
const LAT = [32.4, 37.2] as const;
const LON = [35.8, 42.2] as const;

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function buildWorld(random: Random, size: WorldSize): World {
  const words = new WordMaker(random.fork(1));
  const r = random.fork(2);

  // Places: a country, then governorates, districts, sub-districts and communities (four levels below the country).
  const locations: WorldLocation[] = [];
  const addLocation = (
    named: Named,
    kind: WorldLocation['kind'],
    parent: WorldLocation | null,
    spread: number,
    coords: 'gazetteer' | 'parent' | 'none' = 'gazetteer',
  ): WorldLocation => {
    const index = locations.length;
    const centre = parent ?? { lat: (LAT[0] + LAT[1]) / 2, lon: (LON[0] + LON[1]) / 2 };
    const own = coords === 'gazetteer';
    const loc: WorldLocation = {
      ...named,
      index,
      key: `synth:l:${String(index).padStart(6, '0')}`,
      kind,
      parent: parent?.index ?? null,
      level: parent ? parent.level + 1 : 0,
      governorate: parent ? (parent.level === 0 ? -2 : parent.governorate) : -1,
      lat: coords === 'none' ? null : own ? round4(clamp((centre.lat ?? 34.8) + (r.next() - 0.5) * spread, ...LAT)) : (parent?.lat ?? null),
      lon: coords === 'none' ? null : own ? round4(clamp((centre.lon ?? 39) + (r.next() - 0.5) * spread, ...LON)) : (parent?.lon ?? null),
      coord_source: coords === 'parent' && parent?.lat == null ? 'none' : coords,
      geo_precision: null,
      geonames_id: own ? 90_000_000 + index : null,
      id: 0,
    };
    if (loc.coord_source === 'none') {
      loc.lat = null;
      loc.lon = null;
    }
    loc.geo_precision = loc.coord_source === 'gazetteer' ? 1 : loc.coord_source === 'parent' ? 2 : null;
    locations.push(loc);
    return loc;
  };

  const country = addLocation(
    { name: 'Syria', name_ar: 'سوريا', aliases: [{ text: 'Syrian Arab Republic', lang: 'en' }] },
    'country',
    null,
    0,
  );
  const nGov = clamp(Math.round(size.locations / 3500), 2, 14);
  const nDistricts = Math.round(nGov * 4.6);
  const nSub = Math.round(nDistricts * 4.2);
  const nCommunities = size.locations - 1 - nGov - nDistricts - nSub;
  if (nCommunities < nSub) throw new Error(`--locations ${size.locations} is too small for a four-level tree`);

  const governorates: WorldLocation[] = [];
  for (let g = 0; g < nGov; g++) {
    const named = placeName(words, r);
    const gov = addLocation(
      {
        ...named,
        name: `${named.name} Governorate`,
        name_ar: `محافظة ${named.name_ar}`,
        aliases: [{ text: named.name, lang: 'en' }, { text: named.name_ar, lang: 'ar' }, ...named.aliases],
      },
      'governorate',
      country,
      5,
    );
    gov.governorate = g;
    governorates.push(gov);
  }
  const districts = Array.from({ length: nDistricts }, (_, i) => {
    const named = placeName(words, r);
    return addLocation(
      {
        ...named,
        name: `${named.name} District`,
        name_ar: `منطقة ${named.name_ar}`,
        aliases: [{ text: named.name, lang: 'en' }, ...named.aliases],
      },
      'district',
      governorates[i % nGov] as WorldLocation,
      1.2,
    );
  });
  const subdistricts = Array.from({ length: nSub }, (_, i) => {
    const named = placeName(words, r);
    return addLocation(
      {
        ...named,
        name: `${named.name} Subdistrict`,
        name_ar: `ناحية ${named.name_ar}`,
        aliases: [{ text: named.name, lang: 'en' }, ...named.aliases],
      },
      'subdistrict',
      districts[i % nDistricts] as WorldLocation,
      0.5,
    );
  });
  const communities: WorldLocation[] = [];
  for (let i = 0; i < nCommunities; i++) {
    const u = r.next();
    communities.push(
      addLocation(
        placeName(words, r),
        COMMUNITY_KINDS.draw(r),
        subdistricts[r.int(0, nSub - 1)] as WorldLocation,
        0.25,
        u < 0.85 ? 'gazetteer' : u < 0.96 ? 'parent' : 'none',
      ),
    );
  }

  // Actors: armed groups with units and sub-units, and the outlets and monitors that report on them.
  const actors: WorldActor[] = [];
  const addActor = (named: Named, kind: WorldActor['kind'], parent: WorldActor | null, home: number): WorldActor => {
    const index = actors.length;
    const actor: WorldActor = {
      ...named,
      index,
      key: `synth:a:${String(index).padStart(5, '0')}`,
      kind,
      parent: parent?.index ?? null,
      home,
      id: 0,
    };
    actors.push(actor);
    return actor;
  };
  const nSources = Math.max(5, Math.round(size.actors * 0.075));
  const nFighters = size.actors - nSources;
  const nRoots = Math.max(3, Math.round(nFighters * 0.016));
  const nUnits = Math.max(nRoots, Math.round(nFighters * 0.16));
  const nSubUnits = nFighters - nRoots - nUnits;
  const roots = Array.from({ length: nRoots }, () => addActor(groupName(words, r), ROOT_KINDS.draw(r), null, r.int(0, nGov - 1)));
  const childKind = (k: WorldActor['kind']): WorldActor['kind'] => (k === 'state' ? 'state_forces' : k);
  const units = Array.from({ length: nUnits }, (_, i) => {
    const parent = roots[i % nRoots] as WorldActor;
    return addActor(unitName(words, r), childKind(parent.kind), parent, r.chance(0.8) ? parent.home : r.int(0, nGov - 1));
  });
  for (let i = 0; i < nSubUnits; i++) {
    const parent = units[r.int(0, nUnits - 1)] as WorldActor;
    addActor(unitName(words, r), parent.kind, parent, r.chance(0.8) ? parent.home : r.int(0, nGov - 1));
  }
  const fighters = [...actors];
  const sources = Array.from({ length: nSources }, () => {
    const named = sourceName(words, r);
    return addActor(named, named.kind, null, r.int(0, nGov - 1));
  });

  const p = random.fork(3);
  const byGovernorate = governorates.map(() => [] as WorldLocation[]);
  for (const c of communities) byGovernorate[c.governorate]?.push(c);
  return {
    actors,
    fighters,
    sources,
    locations,
    governorates,
    communities,
    fighterPopularity: zipf(fighters, 1.0, p),
    sourcePopularity: zipf(sources, 1.1, p),
    placePopularity: zipf(communities, 1.0, p),
    placePopularityIn: byGovernorate.map((list) => zipf(list, 1.0, p)),
  };
}
