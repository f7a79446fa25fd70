// The offline outline's country shapes (Natural Earth 1:110m via world-atlas, named in English,
// numbered by ISO 3166-1 numeric) by the records' `cc` (ISO 3166-1 alpha-2): a shape's name
// matched to the English name Intl.DisplayNames gives each two-letter code, and a few
// abbreviations of Natural Earth's spelled out. No DOM (node tests countryCodeOfShape).
// Natural Earth names that are not Intl's English name of their country.
const kAliases = {
  'W. Sahara': 'EH',
  'United States of America': 'US',
  'Dem. Rep. Congo': 'CD',
  'Dominican Rep.': 'DO',
  'Falkland Is.': 'FK',
  'Fr. S. Antarctic Lands': 'TF',
  'Central African Rep.': 'CF',
  Congo: 'CG',
  'Eq. Guinea': 'GQ',
  Palestine: 'PS',
  Myanmar: 'MM',
  Turkey: 'TR',
  'Solomon Is.': 'SB',
  'Bosnia and Herz.': 'BA',
  Macedonia: 'MK',
  'S. Sudan': 'SS',
  Somaliland: 'SO', // posts there carry Somalia's code
  // "N. Cyprus" stays without a code: its posts carry CY or TR, neither is that shape.
};

// Retired codes Intl still names like the current ones (DD "Germany", SU "Russia", UK, YU...).
const kRetired = new Set(['AN', 'BU', 'CS', 'DD', 'DY', 'FX', 'HV', 'NH', 'RH', 'SU', 'TP', 'UK', 'VD', 'YD', 'YU', 'ZR']);

const norm = (s) =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, 'and').replace(/[^a-z]+/g, ' ').trim();

let byName = null;
function names() {
  if (byName) return byName;
  byName = new Map();
  let dn = null;
  try {
    dn = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  } catch {
    return byName;
  }
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (kRetired.has(code)) continue;
      let n;
      try {
        n = dn.of(code);
      } catch {
        continue;
      }
      if (n && n !== 'Unknown Region' && !byName.has(norm(n))) byName.set(norm(n), code);
    }
  }
  return byName;
}

/** The alpha-2 code of a Natural Earth country name, or null. */
export function countryCodeOfShape(name) {
  if (typeof name !== 'string') return null;
  if (Object.hasOwn(kAliases, name)) return kAliases[name];
  return names().get(norm(name)) || null;
}

/** Map code -> path of the GeoJSON country features (several shapes of one code are joined):
 * `geometryPath(geometry, path)` adds a geometry to a path (a new one when path is undefined). */
export function countryPaths(features, geometryPath) {
  const out = new Map();
  for (const f of features) {
    const cc = countryCodeOfShape(f.properties && f.properties.name);
    if (!cc) continue;
    out.set(cc, geometryPath(f.geometry, out.get(cc)));
  }
  return out;
}
