-- AlterTable
ALTER TABLE "Host" ADD COLUMN     "certificateExpiresAt" TIMESTAMP(3),
ADD COLUMN     "groupsJson" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "syncEpoch" TEXT,
ADD COLUMN     "syncSeq" INTEGER NOT NULL DEFAULT 0;

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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "dataJson" TEXT NOT NULL,

    CONSTRAINT "HostContainer_pkey" PRIMARY KEY ("hostId","id")
);

-- CreateTable
CREATE TABLE "HostImage" (
    "hostId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sizeBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "labelsJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "dataJson" TEXT NOT NULL,

    CONSTRAINT "HostImage_pkey" PRIMARY KEY ("hostId","id")
);

-- CreateTable
CREATE TABLE "HostVolume" (
    "hostId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "driver" TEXT NOT NULL,
    "labelsJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataJson" TEXT NOT NULL,

    CONSTRAINT "HostVolume_pkey" PRIMARY KEY ("hostId","id")
);

-- CreateTable
CREATE TABLE "HostNetwork" (
    "hostId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "driver" TEXT NOT NULL,
    "labelsJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataJson" TEXT NOT NULL,

    CONSTRAINT "HostNetwork_pkey" PRIMARY KEY ("hostId","id")
);

-- CreateIndex
CREATE INDEX "HostContainer_name_idx" ON "HostContainer"("name");

-- CreateIndex
CREATE INDEX "HostContainer_state_idx" ON "HostContainer"("state");

-- AddForeignKey
ALTER TABLE "HostContainer" ADD CONSTRAINT "HostContainer_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HostImage" ADD CONSTRAINT "HostImage_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HostVolume" ADD CONSTRAINT "HostVolume_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HostNetwork" ADD CONSTRAINT "HostNetwork_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

