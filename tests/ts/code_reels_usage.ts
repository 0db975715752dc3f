// A typed use of the generated Code Reels module: tsc checks it (the @ts-expect-error lines must be
// errors) and roundtrip.ts runs it against a real sqld. The app's own reads and writes keep working
// (JSON.stringify on write, JSON.parse on read); the typed helpers and drizzle-zod schemas work too.
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { eq } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import {
  type InsertQuestion,
  type InsertUser,
  type LearningPathsMilestones,
  type Question,
  type QuestionsVideos,
  type User,
  insertQuestionSchema,
  insertUserSchema,
  learningPaths,
  parseJson,
  questions,
  toJson,
  users,
} from "../../generated/drizzle/schema.ts";

const question: InsertQuestion = {
  id: "q-usage-1",
  question: "What is a token bucket?",
  answer: "A rate limiter.",
  explanation: "Tokens refill at a fixed rate.",
  difficulty: "intermediate",
  channel: "system-design",
  subChannel: "rate-limiting",
  tags: JSON.stringify(["rate-limiting"]), // the app's own write: a string
};

export async function usage(db: LibSQLDatabase): Promise<void> {
  // drizzle-zod: the insert schema takes the row, and rejects a difficulty outside the closed enum.
  await db.insert(questions).values(insertQuestionSchema.parse(question));
  strictEqual(insertQuestionSchema.safeParse({ ...question, difficulty: "expert" }).success, false);

  // The app's own read: JSON.parse of the text.
  const [row] = await db.select().from(questions).where(eq(questions.id, question.id));
  const read: Question = row!;
  const tags: string[] = JSON.parse(read.tags!);
  deepStrictEqual(tags, ["rate-limiting"]);
  strictEqual(read.status, "active"); // the SQL default
  match(read.createdAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/); // $defaultFn: new Date().toISOString()

  // The typed helpers: toJson writes a value of the column's shape, parseJson reads it back typed.
  const videos: QuestionsVideos = { shortVideo: "https://example.com/short", longVideo: null };
  await db.update(questions).set({ videos: toJson(videos) }).where(eq(questions.id, question.id));
  const [back] = await db.select({ videos: questions.videos }).from(questions).where(eq(questions.id, question.id));
  const parsed: QuestionsVideos = parseJson(back!.videos!);
  deepStrictEqual(parsed, videos);

  // users: the insert schema takes username and password only; the id comes from crypto.randomUUID().
  const input: InsertUser = insertUserSchema.parse({ username: "ada", password: "not-a-real-hash" });
  const [user] = await db.insert(users).values(input).returning();
  const created: User = user!;
  match(created.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

  // A JSON column of objects in one of several shapes.
  const milestones: LearningPathsMilestones = [{ percentage: 25, title: "25% Complete" }, { questionCount: 10 }];
  await db.insert(learningPaths).values({
    id: "usage-path",
    title: "Usage",
    description: "A path written by the usage sample.",
    pathType: "skill",
    difficulty: "beginner",
    questionIds: toJson(["q-usage-1"]),
    channels: toJson(["system-design"]),
    milestones: toJson(milestones),
  });
}

// What the types reject (each line must be a type error, or tsc fails on the unused directive):
// @ts-expect-error "expert" is not one of the questions' difficulties
export const wrongDifficulty: Question["difficulty"] = "expert";
// @ts-expect-error tags hold an array of strings, not numbers
export const wrongTags: Question["tags"] = toJson([1, 2]);
// @ts-expect-error videos has no youtube key (additionalProperties: false)
export const wrongVideos: QuestionsVideos = { youtube: "https://example.com" };
// @ts-expect-error a milestone of the curated shape needs questionCount
export const wrongMilestone: LearningPathsMilestones = [{ title: "no count" }];
