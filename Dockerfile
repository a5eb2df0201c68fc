# The bot as a container: `docker compose up -d` (compose.yaml) or
#   docker build -t congthuong-bot . && docker run -v bot-data:/data -p 3000:3000 --env-file .env congthuong-bot
# Build stage: dependencies (better-sqlite3 compiles if no prebuilt binary fits) and the Prisma client.
FROM node:20-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

# Run stage: no compilers, not root, the database on a volume.
FROM node:20-slim
ENV NODE_ENV=production DATABASE_URL=file:/data/bot.db BACKUP_DIR=/data/backups PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# --optimize-for-size: V8 keeps the heap small (README, "Benchmarks").
CMD ["node", "--optimize-for-size", "dist/index.js"]
