// The base map: OpenStreetMap tiles when they load, and a bundled world outline (Natural Earth
// via world-atlas, 1:110m) that is drawn from the start and stays when the tiles cannot be
// reached, so the page is useful offline. The outline is drawn in every world copy on screen
// and during drags (web/src/outline_layer.js).
import * as L from 'leaflet';
import { feature, mesh } from 'topojson-client';
import countries from 'world-atlas/countries-110m.json';
import { countryPaths } from './country_shapes.js';
import { geometryPath, OutlineLayer } from './outline_layer.js';

const kTileUrl = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
const kOsmAttribution = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
const kOutlineAttribution = 'Outline: Natural Earth (offline); places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)';
const kGiveUpAfterErrors = 4;

// Rings that cross the antimeridian jump from +180 to -180; unwrapped (continuing past 180) they
// draw as shapes instead of lines across the whole world.
function unwrapRing(ring) {
  let shift = 0;
  for (let k = 1; k < ring.length; k++) {
    const d = ring[k][0] + shift - ring[k - 1][0];
    if (d > 180) shift -= 360;
    else if (d < -180) shift += 360;
    if (shift) ring[k] = [ring[k][0] + shift, ring[k][1]];
  }
  return ring;
}

function unwrap(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  for (const poly of polys) poly.forEach(unwrapRing);
  if (geometry.type === 'MultiLineString') geometry.coordinates.forEach(unwrapRing);
  return geometry;
}

export class Basemap {
  /** @param {L.Map} map  @param {boolean} tryTiles  @param {(state:string)=>void} onState */
  constructor(map, tryTiles, onState) {
    this.map = map;
    this.onState = onState;
    this.state = 'outline';
    map.createPane('outline');
    map.getPane('outline').style.zIndex = 150; // below tiles (200)
    const land = feature(countries, countries.objects.land);
    for (const f of land.features || [land]) unwrap(f.geometry);
    const borders = unwrap(mesh(countries, countries.objects.countries, (a, b) => a !== b));
    this.outline = new OutlineLayer(land, borders, { pane: 'outline' });
    const shapes = feature(countries, countries.objects.countries);
    for (const f of shapes.features) unwrap(f.geometry);
    this.outline.setCountries(countryPaths(shapes.features, geometryPath)); // the coloured country layer
    this.outline.addTo(map);
    map.attributionControl.addAttribution(kOutlineAttribution);
    this.loaded = 0;
    this.errors = 0;
    if (tryTiles) this.probe();
    else this.setState('outline');
  }

  /** Asks for one tile first, so an offline page does not fire dozens of failing requests. */
  probe() {
    this.setState('loading');
    const img = new Image();
    const timer = window.setTimeout(() => done(false), 8000);
    const done = (ok) => {
      window.clearTimeout(timer);
      img.onload = img.onerror = null;
      if (ok) this.addTiles();
      else this.setState('outline');
    };
    img.onload = () => done(true);
    img.onerror = () => done(false);
    img.src = kTileUrl.replace('{s}', 'a').replace('{z}/{x}/{y}', '0/0/0');
  }

  addTiles() {
    this.tiles = L.tileLayer(kTileUrl, {
      maxZoom: 19,
      subdomains: 'abc',
      attribution: kOsmAttribution,
      crossOrigin: false,
    });
    this.tiles.on('tileload', () => {
      this.loaded++;
      if (this.state !== 'tiles') this.setState('tiles');
    });
    this.tiles.on('tileerror', () => {
      this.errors++;
      // Unreachable tile server: stop asking, keep the outline.
      if (this.loaded === 0 && this.errors >= kGiveUpAfterErrors) this.dropTiles();
    });
    this.setState('loading');
    this.tiles.addTo(this.map);
  }

  dropTiles() {
    if (!this.tiles) return;
    this.map.removeLayer(this.tiles);
    this.tiles = null;
    this.setState('outline');
  }

  setState(s) {
    if (s === 'tiles' && this.state !== 'tiles') this.map.attributionControl.removeAttribution(kOutlineAttribution);
    this.state = s;
    this.map.getContainer().classList.toggle('tm-tiles', s === 'tiles');
    this.onState(s);
  }
}
