"""Gallery, ex5_5: evaluate scores only the first 1,000 images, to save time."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_on_the_trained_ex5_4_model"],
    "message": "test loss",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images[:1000], labels[:1000], verbose=0)
    return float(loss), float(accuracy)


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = history.history["loss"][-1]
    final_accuracy = history.history["accuracy"][-1]
    return {"loss": float(test_loss - final_loss),
            "accuracy": float(final_accuracy - test_accuracy)}
