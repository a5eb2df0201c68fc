/**
 * Work that a webhook acknowledged and does afterwards: one queue per chat, so replies in a chat
 * go out in the order the messages came in (a "2" must follow the menu it answers), while chats
 * do not wait for each other. `drain()` resolves when everything accepted so far is done.
 */
export function createChatQueue(onError: (err: unknown, chatId: string) => void) {
  const inFlight = new Set<Promise<void>>();
  const chains = new Map<string, Promise<void>>();
  return {
    push(chatId: string, job: () => Promise<void>): void {
      const work = (chains.get(chatId) ?? Promise.resolve()).then(job).catch((err: unknown) => onError(err, chatId));
      chains.set(chatId, work);
      inFlight.add(work);
      void work.finally(() => {
        inFlight.delete(work);
        if (chains.get(chatId) === work) chains.delete(chatId);
      });
    },
    async drain(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
