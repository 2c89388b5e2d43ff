import { startProduct, type RunningProduct } from './server';

let product: RunningProduct | null = null;

export default async function globalSetup(): Promise<() => Promise<void>> {
  product = await startProduct();
  // Workers start after this and inherit the environment.
  process.env.BROWSER_BASE_URL = product.baseUrl;
  console.log(`[browser-tests] the app runs at ${product.baseUrl}`);
  return async () => {
    await product?.stop();
    product = null;
  };
}
