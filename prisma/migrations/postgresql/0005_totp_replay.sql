-- AlterTable
ALTER TABLE "User" ADD COLUMN     "totpLastStep" INTEGER NOT NULL DEFAULT 0;

