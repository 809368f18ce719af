package io.whittle.platform.job;

/**
 * Told of every change this process makes to a job (submitted, started, progress, finished), for metrics and live
 * updates. Called on the thread that made the change, after it was committed: keep it quick.
 */
@FunctionalInterface
public interface JobListener {
    void changed(Job job);
}
