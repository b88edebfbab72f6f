import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet';
import { feature, mesh } from 'topojson-client';
import { h } from './dom.js';

/** Natural Earth 1:50m countries (world-atlas), served with the page: the base map needs no tile server. */
const BORDERS_URL = '/ui/countries-50m.json';
let borders;
function loadBorders() {
  borders ??= fetch(BORDERS_URL).then((r) => r.json());
  return borders;
}

/**
 * How a point is drawn says how much it is worth: a place itself is a small
 * solid dot; "near it" a larger ring; a point that only stands for its
 * administrative area a wide dashed disc some 25 km across, so that a
 * governorate-level event is not read as one in the village at its centroid.
 */
const STYLES = {
  1: { radius: 5, weight: 1, fillOpacity: 0.9, label: 'the place itself' },
  2: { radius: 9, weight: 2, fillOpacity: 0.35, label: 'near the place / part of a larger area' },
  3: { metres: 25_000, weight: 2, dashArray: '5 5', fillOpacity: 0.12, label: 'only the administrative area is known' },
};

export function eventMap(box, events) {
  const map = L.map(box, { center: [35, 38.5], zoom: 6, minZoom: 3, maxZoom: 13, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Borders: Natural Earth (world-atlas)');
  loadBorders()
    .then((topology) => {
      const land = L.geoJSON(feature(topology, topology.objects.countries), {
        style: { color: '#8a8f98', weight: 0, fillColor: '#eef0e8', fillOpacity: 1 },
        interactive: false,
      });
      const lines = L.geoJSON(
        mesh(topology, topology.objects.countries, (a, b) => a !== b),
        { style: { color: '#7b7f87', weight: 1 }, interactive: false },
      );
      land.addTo(map).bringToBack();
      lines.addTo(map);
    })
    .catch(() => map.attributionControl.addAttribution('(borders failed to load)'));

  const markers = [];
  let unplaced = 0;
  for (const e of events) {
    const loc = e.location;
    if (loc?.lat === null || loc?.lat === undefined || loc.lon === null) {
      unplaced++;
      continue;
    }
    const style = STYLES[loc.geo_precision] ?? STYLES[3];
    const options = { ...style, color: '#a3281d', fillColor: '#d8452f', className: `event-marker precision-${loc.geo_precision}` };
    const marker = style.metres
      ? L.circle([loc.lat, loc.lon], { ...options, radius: style.metres })
      : L.circleMarker([loc.lat, loc.lon], options);
    marker.bindPopup(() =>
      h(
        'div',
        null,
        h('strong', null, h('a', { href: `#/event/${e.id}` }, `${e.date_start} · ${e.sub_event_type}`)),
        h('br'),
        `${loc.name} (${style.label})`,
      ),
    );
    marker.on('add', () => marker.getElement()?.setAttribute('data-event-id', String(e.id)));
    markers.push(marker.addTo(map));
  }
  if (markers.length > 0) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 9 });
  box.dataset.eventIds = events
    .filter((e) => e.location?.lat !== null && e.location?.lat !== undefined)
    .map((e) => e.id)
    .join(' ');

  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = () =>
    h(
      'div',
      { class: 'legend' },
      h('strong', null, 'Location precision'),
      Object.entries(STYLES).map(([k, v]) => h('div', null, h('span', { class: `swatch precision-${k}`, 'aria-hidden': 'true' }), v.label)),
      unplaced ? h('div', null, `${unplaced} event(s) without coordinates are not drawn`) : null,
    );
  legend.addTo(map);
  return map;
}
