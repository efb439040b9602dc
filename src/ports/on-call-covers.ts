import type { Override } from '../domain/oncall/schedule';

/** A temporary cover someone gave for a schedule ("I'll cover for 2h"). */
export interface Cover extends Override {
  schedule: string;
  /** Who recorded it. */
  byUserId: string;
}

/** Covers kept beside the schedules of the policy file (the Redis adapter keeps them until they end). */
export interface OnCallCovers {
  add(cover: Cover): Promise<void>;
  /** Covers not yet ended at `now`, oldest first. */
  current(now: Date): Promise<Cover[]>;
}
