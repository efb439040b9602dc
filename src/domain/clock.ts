/** Where "now" comes from: the wall clock in production, a manual one in tests replaying past incidents. */
export type Clock = () => Date;

export const wallClock: Clock = () => new Date();
