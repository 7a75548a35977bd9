ALTER TABLE "playlists" ADD COLUMN "kind" text DEFAULT 'playlist' NOT NULL;--> statement-breakpoint
ALTER TABLE "playlists" ADD COLUMN "youtube_list_id" text;--> statement-breakpoint
ALTER TABLE "playlists" ADD COLUMN "owner_user_id" bigint;--> statement-breakpoint
ALTER TABLE "playlists" ADD CONSTRAINT "playlists_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;