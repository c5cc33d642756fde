"""Gallery, ex5_5: the gap taken from the first epoch."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_generalization_gap_uses_the_final_epoch"],
    "message": "first epoch",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    return float(loss), float(accuracy)


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = history.history["loss"][0]
    final_accuracy = history.history["accuracy"][0]
    return {"loss": float(test_loss - final_loss),
            "accuracy": float(final_accuracy - test_accuracy)}
