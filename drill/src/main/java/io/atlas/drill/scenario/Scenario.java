package io.atlas.drill.scenario;

/** One disturbance of the running pipeline; the drill judges it by counting what went through meanwhile. */
public interface Scenario {

    /** Short name, as {@code ./atlas drill --scenarios} takes it. */
    String name();

    /** What it does, for the report. */
    String description();

    /** The goal it is held to, for the report. */
    Goal goal();

    void run(Drill drill) throws Exception;
}
