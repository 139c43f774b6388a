-- A post whose HTTP call may have reached the platform without its answer being recorded (a crash, a timeout).
ALTER TABLE "outbox" ADD COLUMN "sending_since" timestamp with time zone;
