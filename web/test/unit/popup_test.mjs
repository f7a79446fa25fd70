// Unit tests of the popup's precision label (node:test): how a post was placed, and for a
// geocoded post what its position stands for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { precisionLabel } from '../../src/popup.js';

test('a geocoded post says its level', () => {
  assert.equal(precisionLabel({ geo: 'profile', prec: 'city' }), 'from the profile location, city level');
  assert.equal(precisionLabel({ geo: 'profile', prec: 'country' }), 'from the profile location, country level');
  assert.equal(precisionLabel({ geo: 'text', prec: 'region' }), 'a place named in the text, region level');
  assert.equal(precisionLabel({ geo: 'profile', prec: 'point' }), 'from the profile location, coordinates');
});

test('other posts, and unknown levels, say how they were placed only', () => {
  assert.equal(precisionLabel({ geo: 'point', prec: 'city' }), 'exact point');
  assert.equal(precisionLabel({ geo: 'place' }), 'place centre');
  assert.equal(precisionLabel({ geo: 'profile' }), 'from the profile location');
  assert.equal(precisionLabel({ geo: 'text', prec: 'toString' }), 'a place named in the text');
  assert.equal(precisionLabel({ geo: 'weird' }), 'unknown');
});
