CREATE TABLE "admin_subjects" (
	"email" text PRIMARY KEY NOT NULL,
	"google_subject" text NOT NULL,
	"pinned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_run_requests" (
	"name" text PRIMARY KEY NOT NULL,
	"requested_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_quota_spend" (
	"user_id" bigint NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"units" integer NOT NULL,
	CONSTRAINT "user_quota_spend_user_id_hour_pk" PRIMARY KEY("user_id","hour")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_verified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "user_quota_spend" ADD CONSTRAINT "user_quota_spend_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;