package io.replicalab.experiments.checker;

/** A read/write/cas register whose state is the interned id of its value (0 = null, the initial value). */
public final class RegisterModel implements Model {
    public static final RegisterModel INSTANCE = new RegisterModel();

    private RegisterModel() {
    }

    @Override
    public int step(int state, LinOp op) {
        return switch (op.kind()) {
            case READ -> state == op.arg() ? state : REJECT;
            case WRITE -> op.arg();
            case CAS -> state == op.arg() ? op.arg2() : REJECT;
            case CAS_MAYBE -> state == op.arg() ? op.arg2() : state;
        };
    }
}
