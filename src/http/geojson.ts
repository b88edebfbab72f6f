/** A point for a row, or null when the row has no coordinates. */
type PointOf<T> = (row: T) => { lat: number | null; lon: number | null };

/**
 * A GeoJSON FeatureCollection of rows with coordinates; rows without them are
 * listed in the `unlocated` foreign member rather than dropped, so a map and a
 * count of the page agree.
 */
export function featureCollection<T extends { id: number }>(rows: T[], pointOf: PointOf<T>, properties: (row: T) => object) {
  const located = (row: T) => {
    const { lat, lon } = pointOf(row);
    return lat !== null && lon !== null;
  };
  return {
    type: 'FeatureCollection' as const,
    features: rows.filter(located).map((row) => {
      const { lat, lon } = pointOf(row);
      return { type: 'Feature' as const, id: row.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: properties(row) };
    }),
    unlocated: rows.filter((row) => !located(row)),
  };
}
