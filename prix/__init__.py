"""The annual departmental and national prize of inspiring practices."""
