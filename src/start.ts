/** `npm start` and the image's command: `node lib/start.js` (see `runtime/server.ts`). */
import countersign from "./index.js";
import { main } from "./runtime/server.js";

main(countersign).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
