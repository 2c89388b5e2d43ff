/** A share 0..1 as a percentage with one decimal. */
export const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
