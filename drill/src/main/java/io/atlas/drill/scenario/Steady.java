package io.atlas.drill.scenario;

/** Nothing disturbed: the control every other scenario is compared with. */
public final class Steady implements Scenario {

    @Override
    public String name() {
        return "steady";
    }

    @Override
    public String description() {
        return "steady load, nothing disturbed (the control)";
    }

    @Override
    public Goal goal() {
        return Goal.STEADY;
    }

    @Override
    public void run(Drill drill) throws Exception {
        drill.judge().probe("window opened");
        drill.watch(drill.observe());
    }
}
