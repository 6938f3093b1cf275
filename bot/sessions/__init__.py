"""What happens in a session: peers' topic ideas and the PSFs' pre-meeting card."""
