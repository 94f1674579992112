package io.replicalab.node.storage;

/**
 * A storage engine cannot do what was asked: it is closed, its files are in use or corrupt, or
 * the disk refused a write. The message is one line that says what to do about it.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    static StorageException closed() {
        return new StorageException("storage closed");
    }
}
