CREATE TABLE "job_completions" (
	"minute" timestamp with time zone NOT NULL,
	"task" text NOT NULL,
	"outcome" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "job_completions_minute_task_outcome_pk" PRIMARY KEY("minute","task","outcome")
);
--> statement-breakpoint
CREATE TABLE "worker_pool_pauses" (
	"pool" text PRIMARY KEY NOT NULL,
	"paused_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paused_by" text NOT NULL
);
