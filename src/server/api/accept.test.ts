import { describe, expect, it } from 'vitest';
import {
  DISCOVERY_V2_CONTENT_TYPE,
  TABLE_CONTENT_TYPE_V1,
  acceptsAggregatedDiscovery,
  acceptsTable,
  parseAccept,
  tableContentType,
} from './accept.js';

/** Accept headers kubectl 1.32 sends (observed). */
const KUBECTL_GET =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const KUBECTL_DISCOVERY =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('parseAccept', () => {
  it('splits media ranges and parameters, in order', () => {
    expect(parseAccept(' application/json ; as=Table;V="v1" , */*')).toEqual([
      { type: 'application/json', params: { as: 'Table', v: 'v1' } },
      { type: '*/*', params: {} },
    ]);
  });
  it('is empty for a missing header', () => {
    expect(parseAccept(undefined)).toEqual([]);
    expect(parseAccept('')).toEqual([]);
  });
});

describe('acceptsTable', () => {
  it("answers v1 to kubectl get's header", () => {
    expect(acceptsTable(KUBECTL_GET)).toBe('v1');
  });
  it('answers v1beta1 when only that is asked', () => {
    expect(acceptsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io')).toBe('v1beta1');
  });
  it('is undefined for plain JSON, or when plain JSON comes first', () => {
    expect(acceptsTable('application/json')).toBeUndefined();
    expect(acceptsTable('application/json, */*')).toBeUndefined();
    expect(acceptsTable(`application/json,${TABLE_CONTENT_TYPE_V1}`)).toBeUndefined();
    expect(acceptsTable(undefined)).toBeUndefined();
  });
  it('skips Table versions and groups it cannot serve', () => {
    expect(acceptsTable('application/json;as=Table;v=v2;g=meta.k8s.io,application/json')).toBeUndefined();
    expect(acceptsTable('application/json;as=Table;v=v1;g=other.io')).toBeUndefined();
  });
  it('gives the content type of the answer', () => {
    expect(tableContentType('v1')).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(tableContentType('v1beta1')).toBe('application/json;as=Table;v=v1beta1;g=meta.k8s.io');
  });
});

describe('acceptsAggregatedDiscovery', () => {
  it("is true for kubectl's discovery header", () => {
    expect(acceptsAggregatedDiscovery(KUBECTL_DISCOVERY)).toBe(true);
    expect(acceptsAggregatedDiscovery(DISCOVERY_V2_CONTENT_TYPE)).toBe(true);
  });
  it('is false for plain JSON, v2beta1 only, or JSON first', () => {
    expect(acceptsAggregatedDiscovery('application/json, */*')).toBe(false);
    expect(
      acceptsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList'),
    ).toBe(false);
    expect(acceptsAggregatedDiscovery(`application/json,${DISCOVERY_V2_CONTENT_TYPE}`)).toBe(false);
  });
});
