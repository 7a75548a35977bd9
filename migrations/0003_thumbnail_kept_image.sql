ALTER TABLE "thumbnail_checks" ADD COLUMN "kept_image" "bytea";--> statement-breakpoint
ALTER TABLE "thumbnail_checks" ADD COLUMN "kept_image_type" text;