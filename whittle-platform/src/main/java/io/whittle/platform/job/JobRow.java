package io.whittle.platform.job;

/**
 * A job as read from its row, with what the {@link Job} value leaves out: the row's revision (it increases with every
 * change, so watchers can tell newer from older) and whether cancellation was asked for.
 */
record JobRow(Job job, long revision, boolean cancelRequested) {
}
