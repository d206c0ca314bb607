-- CreateIndex
CREATE INDEX "UnifiedOrder_userId_sourceUpdatedAt_idx" ON "UnifiedOrder"("userId", "sourceUpdatedAt");
