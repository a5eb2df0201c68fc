import { type RequestHandler, Router } from "express";

/**
 * A router that loads its real handler on the first request: the staff console's templates and
 * libraries are needed by a few staff a day, not at every start of the service. A failed load is
 * tried again on the next request.
 */
export function lazyRouter(load: () => Promise<RequestHandler>): Router {
  let loading: Promise<RequestHandler> | undefined;
  const router = Router();
  router.use((req, res, next) => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    loading.then((handler) => handler(req, res, next), next);
  });
  return router;
}
