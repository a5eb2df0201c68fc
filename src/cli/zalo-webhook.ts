// `npm run zalo:webhook`: points the Zalo bot at our webhook and prints what Zalo now has on record.
// Needs ZALO_BOT_TOKEN, ZALO_WEBHOOK_URL and ZALO_WEBHOOK_SECRET; ZALO_API_ROOT is optional.
import { configFromEnvironment } from "../env.ts";
import { createZaloClient, ZaloApiError } from "../bot/zalo/client.ts";
import { createLogger, scrub } from "../services/logger.ts";

const config = configFromEnvironment();
const { token, webhookUrl, webhookSecret, apiRoot } = config.zalo;
if (!token || !webhookUrl || !webhookSecret) {
  console.error("Cannot set the Zalo webhook: ZALO_BOT_TOKEN, ZALO_WEBHOOK_URL and ZALO_WEBHOOK_SECRET must all be set.");
  process.exit(1);
}

// Logs go to stderr, so stdout carries only the webhook info.
const logger = createLogger({ level: config.logLevel, secrets: config.secrets, fd: 2 });
const client = createZaloClient({ apiRoot, token, logger });
try {
  await client.setWebhook(webhookUrl, webhookSecret);
  console.log(JSON.stringify(scrub(await client.getWebhookInfo(), config.secrets), null, 2));
} catch (err) {
  const reason = err instanceof ZaloApiError ? `${err.code} ${err.description}` : String(scrub(String(err), config.secrets));
  console.error(`Setting the Zalo webhook failed: ${reason}`);
  process.exit(1);
}
