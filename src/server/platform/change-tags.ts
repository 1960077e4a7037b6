/**
 * The tags of the change notifications (migration 0002_change_notifications.sql): a cached
 * answer carries the tags of every row it read, and a commit that touches such a row names
 * one of them on channel `jg_changes`. Only these kinds exist; the triggers map each table's
 * rows to them (the migration's header lists which table sends which).
 */
export const accountTag = (accountId: string): string => `account:${accountId}`;
/** A registry person's id as the registry tables store it. */
export const personTag = (personId: string): string => `person:${personId}`;
/** A plate exactly as the registry and vehicle tables store it (the plate type is not part of it). */
export const plateTag = (plate: string): string => `plate:${plate}`;

/**
 * Collects the tags of what a computation reads while it runs, to be stored with its answer.
 * Passed down explicitly to the reads that find new rows (vehicles, rentals, records), so a
 * row that shows up later under a key already read still names a tag the answer carries.
 */
export class ChangeTags {
  private readonly tags = new Set<string>();

  account(accountId: string): this {
    this.tags.add(accountTag(accountId));
    return this;
  }

  person(personId: string | null | undefined): this {
    if (personId) this.tags.add(personTag(personId));
    return this;
  }

  plates(items: Iterable<{ plate: string }>): this {
    for (const { plate } of items) this.tags.add(plateTag(plate));
    return this;
  }

  list(): string[] {
    return [...this.tags];
  }
}
