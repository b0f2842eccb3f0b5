// https-storage-access-inactive, changed as its comment says for `-retry`.
import './https-storage-access-inactive.js';
