// Runs an emulator in its own process for the client-throughput bench, so the client's CPU time
// and the emulator's (signature verification included) are not counted together and each has a
// core. Prints the base URL as the first line of stdout; exits on SIGTERM.
import { startEmulator } from "../emulator/server";

async function main(): Promise<void> {
    const emu = await startEmulator(JSON.parse(process.argv[2] ?? "{}"));
    process.stdout.write(emu.url + "\n");
    process.once("SIGTERM", () => void emu.close().then(() => process.exit(0)));
}

main().catch((error) => {
    process.stderr.write(String(error?.stack ?? error) + "\n");
    process.exit(1);
});
