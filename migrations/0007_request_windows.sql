CREATE TABLE "request_windows" (
	"name" text PRIMARY KEY NOT NULL,
	"grants" double precision[] DEFAULT '{}' NOT NULL
);
