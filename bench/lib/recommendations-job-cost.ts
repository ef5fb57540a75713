export async function measureJobCost(_world: unknown): Promise<void> {}
