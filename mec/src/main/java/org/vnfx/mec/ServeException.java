package org.vnfx.mec;

/** A UE request that cannot be served, with the HTTP status and ProblemDetails title to answer it with. */
public final class ServeException extends Exception {
    private final int httpStatus;
    private final String title;

    public ServeException(int httpStatus, String title, String detail) {
        super(detail);
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public ServeException(int httpStatus, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }
}
