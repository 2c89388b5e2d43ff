// The product started by global-setup is stopped by the function it returns (Playwright runs it after all tests).
export default async function globalTeardown(): Promise<void> {}
