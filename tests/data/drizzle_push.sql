-- The DDL drizzle-kit push creates for the app's shared/schema.ts (reconstructed in
-- shared/reference/upstream-schema.md section 11). Our DDL must match it column for column.
CREATE TABLE `users` (`id` text PRIMARY KEY NOT NULL, `username` text NOT NULL, `password` text NOT NULL);
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);

CREATE TABLE `questions` (
  `id` text PRIMARY KEY NOT NULL, `question` text NOT NULL, `answer` text NOT NULL, `explanation` text NOT NULL,
  `diagram` text, `difficulty` text NOT NULL, `tags` text, `channel` text NOT NULL, `sub_channel` text NOT NULL,
  `source_url` text, `videos` text, `companies` text, `eli5` text, `tldr` text, `relevance_score` integer,
  `relevance_details` text, `job_title_relevance` text, `experience_level_tags` text, `voice_keywords` text,
  `voice_suitable` integer, `status` text DEFAULT 'active', `is_new` integer DEFAULT 1,
  `last_updated` text, `created_at` text);

CREATE TABLE `channel_mappings` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `channel_id` text NOT NULL, `sub_channel` text NOT NULL,
  `question_id` text NOT NULL,
  FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action);

CREATE TABLE `work_queue` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `item_type` text NOT NULL, `item_id` text NOT NULL,
  `action` text NOT NULL, `priority` integer DEFAULT 5, `status` text DEFAULT 'pending', `reason` text,
  `created_by` text, `assigned_to` text, `created_at` text, `processed_at` text, `result` text);

CREATE TABLE `bot_ledger` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `bot_name` text NOT NULL, `action` text NOT NULL,
  `item_type` text NOT NULL, `item_id` text NOT NULL, `before_state` text, `after_state` text,
  `reason` text, `created_at` text);

CREATE TABLE `bot_runs` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `bot_name` text NOT NULL, `started_at` text NOT NULL,
  `completed_at` text, `status` text DEFAULT 'running', `items_processed` integer DEFAULT 0,
  `items_created` integer DEFAULT 0, `items_updated` integer DEFAULT 0, `items_deleted` integer DEFAULT 0,
  `summary` text);

CREATE TABLE `question_relationships` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `source_question_id` text NOT NULL,
  `target_question_id` text NOT NULL, `relationship_type` text NOT NULL, `strength` integer DEFAULT 50,
  `created_at` text,
  FOREIGN KEY (`source_question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action,
  FOREIGN KEY (`target_question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action);

CREATE TABLE `voice_sessions` (
  `id` text PRIMARY KEY NOT NULL, `topic` text NOT NULL, `description` text, `channel` text NOT NULL,
  `difficulty` text NOT NULL, `question_ids` text NOT NULL, `total_questions` integer NOT NULL,
  `estimated_minutes` integer DEFAULT 5, `created_at` text, `last_updated` text);

CREATE TABLE `certifications` (
  `id` text PRIMARY KEY NOT NULL, `name` text NOT NULL, `provider` text NOT NULL, `description` text NOT NULL,
  `icon` text DEFAULT 'award', `color` text DEFAULT 'text-primary', `difficulty` text NOT NULL,
  `category` text NOT NULL, `estimated_hours` integer DEFAULT 40, `exam_code` text, `official_url` text,
  `domains` text, `channel_mappings` text, `tags` text, `prerequisites` text, `status` text DEFAULT 'active',
  `question_count` integer DEFAULT 0, `passing_score` integer DEFAULT 70, `exam_duration` integer DEFAULT 90,
  `created_at` text, `last_updated` text);

CREATE TABLE `question_history` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `question_id` text NOT NULL,
  `question_type` text DEFAULT 'question' NOT NULL, `event_type` text NOT NULL, `event_source` text NOT NULL,
  `source_name` text, `changes_summary` text, `changed_fields` text, `before_snapshot` text,
  `after_snapshot` text, `reason` text, `metadata` text, `created_at` text);

CREATE TABLE `user_sessions` (
  `id` text PRIMARY KEY NOT NULL, `user_id` text, `session_type` text NOT NULL, `session_key` text NOT NULL,
  `title` text NOT NULL, `subtitle` text, `channel_id` text, `certification_id` text,
  `progress` integer DEFAULT 0, `total_items` integer NOT NULL, `completed_items` integer DEFAULT 0,
  `session_data` text, `started_at` text, `last_accessed_at` text, `completed_at` text,
  `status` text DEFAULT 'active');

CREATE TABLE `learning_paths` (
  `id` text PRIMARY KEY NOT NULL, `title` text NOT NULL, `description` text NOT NULL, `path_type` text NOT NULL,
  `target_company` text, `target_job_title` text, `difficulty` text NOT NULL, `estimated_hours` integer DEFAULT 40,
  `question_ids` text NOT NULL, `channels` text NOT NULL, `tags` text, `prerequisites` text,
  `learning_objectives` text, `milestones` text, `popularity` integer DEFAULT 0, `completion_rate` integer DEFAULT 0,
  `average_rating` integer DEFAULT 0, `metadata` text, `status` text DEFAULT 'active', `created_at` text,
  `last_updated` text, `last_generated` text);
