import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsNumber, Max, Min, ValidateNested } from 'class-validator';

@ObjectType()
export class GeoPoint {
  @Field(() => Float) lat: number;
  @Field(() => Float) lng: number;
}

@InputType()
export class GeoPointInput {
  @Field(() => Float) @IsNumber() @Min(-90, { message: 'lat must be between -90 and 90' }) @Max(90, { message: 'lat must be between -90 and 90' }) lat: number;
  @Field(() => Float) @IsNumber() @Min(-180, { message: 'lng must be between -180 and 180' }) @Max(180, { message: 'lng must be between -180 and 180' }) lng: number;
}

@InputType()
export class NearInput {
  @Field(() => GeoPointInput) @ValidateNested() @Type(() => GeoPointInput) point: GeoPointInput;
  @Field(() => Float) @IsNumber() @Min(0.01, { message: 'radiusKm must be between 0.01 and 500' }) @Max(500, { message: 'radiusKm must be between 0.01 and 500' }) radiusKm: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LAT = 111.32;

/**
 * SQL for "within radiusKm of point" on a table with lat/lng columns: a bounding box
 * on point(lng, lat) that the GiST expression index serves, then the exact
 * great-circle distance on the few rows the box lets through.
 */
export function nearCondition(alias: string, near: NearInput, paramPrefix = 'near'): { sql: string; params: Record<string, number> } {
  const { lat, lng } = near.point;
  const dLat = near.radiusKm / KM_PER_DEGREE_LAT;
  const cosLat = Math.max(Math.cos((lat * Math.PI) / 180), 0.01);
  const dLng = Math.min(180, near.radiusKm / (KM_PER_DEGREE_LAT * cosLat));
  const p = (name: string) => `:${paramPrefix}${name}`;
  const sql =
    `point(${alias}.lng, ${alias}.lat) <@ box(point(${p('MinLng')}, ${p('MinLat')}), point(${p('MaxLng')}, ${p('MaxLat')})) ` +
    `AND ${greatCircleKmSql(`${alias}.lat`, `${alias}.lng`, p('Lat'), p('Lng'))} <= ${p('Radius')}`;
  return {
    sql,
    params: {
      [`${paramPrefix}MinLng`]: lng - dLng, [`${paramPrefix}MaxLng`]: lng + dLng,
      [`${paramPrefix}MinLat`]: lat - dLat, [`${paramPrefix}MaxLat`]: lat + dLat,
      [`${paramPrefix}Lat`]: lat, [`${paramPrefix}Lng`]: lng, [`${paramPrefix}Radius`]: near.radiusKm,
    },
  };
}

export function greatCircleKmSql(lat1: string, lng1: string, lat2: string, lng2: string): string {
  return `(2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(power(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lng2} - ${lng1}) / 2), 2)))))`;
}
