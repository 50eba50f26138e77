-- CreateTable
CREATE TABLE "HostContainer" (
    "hostId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "labelsJson" TEXT NOT NULL DEFAULT '{}',
    "ownerUser" TEXT,
    "ownerTeam" TEXT,
    "createdAt" DATETIME NOT NULL,
    "dataJson" TEXT NOT NULL,

    PRIMARY KEY ("hostId", "id"),
    CONSTRAINT "HostContainer_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HostImage" (
    "hostId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sizeBytes" REAL NOT NULL DEFAULT 0,
    "labelsJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL,
    "dataJson" TEXT NOT NULL,

    PRIMARY KEY ("hostId", "id"),
    CONSTRAINT "HostImage_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HostVolume" (
    "hostId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "driver" TEXT NOT NULL,
    "labelsJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataJson" TEXT NOT NULL,

    PRIMARY KEY ("hostId", "id"),
    CONSTRAINT "HostVolume_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HostNetwork" (
    "hostId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "driver" TEXT NOT NULL,
    "labelsJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataJson" TEXT NOT NULL,

    PRIMARY KEY ("hostId", "id"),
    CONSTRAINT "HostNetwork_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'offline',
    "lastSeenAt" DATETIME,
    "factsJson" TEXT,
    "labelsJson" TEXT NOT NULL DEFAULT '{}',
    "certificateSerial" TEXT,
    "certificateFingerprint" TEXT,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "groupsJson" TEXT NOT NULL DEFAULT '[]',
    "certificateExpiresAt" DATETIME,
    "syncEpoch" TEXT,
    "syncSeq" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Host" ("certificateFingerprint", "certificateSerial", "createdAt", "factsJson", "id", "labelsJson", "lastSeenAt", "name", "revokedAt", "status") SELECT "certificateFingerprint", "certificateSerial", "createdAt", "factsJson", "id", "labelsJson", "lastSeenAt", "name", "revokedAt", "status" FROM "Host";
DROP TABLE "Host";
ALTER TABLE "new_Host" RENAME TO "Host";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "HostContainer_name_idx" ON "HostContainer"("name");

-- CreateIndex
CREATE INDEX "HostContainer_state_idx" ON "HostContainer"("state");

