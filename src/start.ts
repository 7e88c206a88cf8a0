/** `npm start` and the image's command: `node lib/start.js` (see `server.ts`). */
import { main } from "./server.js";

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
