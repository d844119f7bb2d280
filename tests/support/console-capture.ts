// Captures what code prints with console.log while a function runs (the provider's progress lines).
export async function capturingConsole<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    try {
        return { result: await run(), lines };
    } finally {
        console.log = original;
    }
}
