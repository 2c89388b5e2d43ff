import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsNumber, Max, Min, ValidateNested } from 'class-validator';
import { boundingBox, EARTH_RADIUS_KM } from '@app/matching';

@ObjectType()
export class GeoPoint {
  @Field(() => Float) lat: number;
  @Field(() => Float) lng: number;
}

@InputType()
export class GeoPointInput {
  @Field(() => Float) @IsNumber() @Min(-90, { message: 'lat must be between -90 and 90' }) @Max(90, { message: 'lat must be between -90 and 90' }) lat: number;
  @Field(() => Float)
  @IsNumber()
  @Min(-180, { message: 'lng must be between -180 and 180' })
  @Max(180, { message: 'lng must be between -180 and 180' })
  lng: number;
}

@InputType()
export class NearInput {
  @Field(() => GeoPointInput) @ValidateNested() @Type(() => GeoPointInput) point: GeoPointInput;
  @Field(() => Float)
  @IsNumber()
  @Min(0.01, { message: 'radiusKm must be between 0.01 and 500' })
  @Max(500, { message: 'radiusKm must be between 0.01 and 500' })
  radiusKm: number;
}

/**
 * SQL for "within radiusKm of point" on a table with lat/lng columns: a bounding box
 * on point(lng, lat) that the GiST expression index serves, then the exact
 * great-circle distance on the few rows the box lets through. `box: 'columns'` tests the
 * box on the lat/lng columns instead, for a query whose other filters an index serves
 * (the needs browse with a district: service_needs_browse_idx carries lat and lng).
 */
export function nearCondition(
  alias: string,
  near: NearInput,
  paramPrefix = 'near',
  box: 'gist' | 'columns' = 'gist',
): { sql: string; params: Record<string, number> } {
  const params: Record<string, number> = {};
  const sql = nearSql(alias, near, box, (name, v) => {
    params[`${paramPrefix}${name}`] = v;
    return `:${paramPrefix}${name}`;
  });
  return { sql, params };
}

/**
 * nearCondition's SQL with the values placed by `value` (named for a query builder, `$n` for a
 * prepared statement): each of the box's bounds, the point and the radius once by name.
 */
export function nearSql(alias: string, near: NearInput, box: 'gist' | 'columns', value: (name: string, v: number) => string): string {
  const { lat, lng } = near.point;
  const bounds = boundingBox(lat, lng, near.radiusKm);
  const [minLng, minLat, maxLng, maxLat] = [
    value('MinLng', bounds.minLng),
    value('MinLat', bounds.minLat),
    value('MaxLng', bounds.maxLng),
    value('MaxLat', bounds.maxLat),
  ];
  // 'columns': the same box as plain comparisons, for a query another index narrows better than the
  // GiST (whose box selectivity is a fixed guess: the planner would AND in tens of thousands of rows).
  const inBox =
    box === 'gist'
      ? `point(${alias}.lng, ${alias}.lat) <@ box(point(${minLng}, ${minLat}), point(${maxLng}, ${maxLat}))`
      : `${alias}.lng BETWEEN ${minLng} AND ${maxLng} AND ${alias}.lat BETWEEN ${minLat} AND ${maxLat}`;
  return `${inBox} AND ${greatCircleKmSql(`${alias}.lat`, `${alias}.lng`, value('Lat', lat), value('Lng', lng))} <= ${value('Radius', near.radiusKm)}`;
}

export function greatCircleKmSql(lat1: string, lng1: string, lat2: string, lng2: string): string {
  return `(2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(power(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lng2} - ${lng1}) / 2), 2)))))`;
}
